//! The playground's entry point: mount the app. Everything else is in the library.

fn main() {
    shipshape_web::start();
}
