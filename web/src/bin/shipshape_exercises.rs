//! The exercises page's entry point (`exercises/`), a binary of its own so that the
//! playground does not download the courses.

fn main() {
    shipshape_web::start_exercises();
}
