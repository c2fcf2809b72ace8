//! The exercises page: the course's exercises with their progress, the current exercise's
//! story, live goal and help, the workbench, and the course author's panel.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::goal::{self, Criterion};
use super::{COURSE_KEY, Course, Exercise, Files, default_course, parse_course, progress, to_toml};
use crate::components::top_bar::{Nav, TopBar};
use crate::components::workbench::Workbench;
use crate::markdown::{inline, render};
use crate::state::{Action, State, Tab};
use crate::{browser, share};

/// The course being followed and where it came from.
#[derive(Clone, Debug, PartialEq)]
struct Loaded {
    course: Rc<Course>,
    /// `default`, or a hash of a shared course's text (see `progress::course_key`).
    key: String,
    /// The fragment value of a shared course, to share it again.
    shared: Option<String>,
    /// Why a course link could not be read.
    problem: Option<String>,
}

fn load() -> Loaded {
    let fragment = browser::fragment();
    let default = || Rc::new(default_course());
    match share::fragment_value(&fragment, COURSE_KEY) {
        None => Loaded { course: default(), key: progress::course_key(None), shared: None, problem: None },
        Some(value) => match share::decode(value)
            .ok_or_else(|| "the link is damaged or incomplete".to_string())
            .and_then(|text| parse_course(&text).map(|course| (course, text)))
        {
            Ok((course, text)) => Loaded {
                course: Rc::new(course),
                key: progress::course_key(Some(&text)),
                shared: Some(value.to_string()),
                problem: None,
            },
            Err(error) => Loaded {
                course: default(),
                key: progress::course_key(None),
                shared: None,
                problem: Some(format!(
                    "This course link cannot be read ({error}): here is the default course instead."
                )),
            },
        },
    }
}

/// The exercise the URL names, else the first one not done, else the first.
fn initial_index(course: &Course, done: &[String]) -> usize {
    let fragment = browser::fragment();
    let named = share::fragment_value(&fragment, "exercise").or_else(|| share::fragment_value(&fragment, "exercises"));
    named
        .and_then(|id| course.exercises.iter().position(|e| e.id == id))
        .or_else(|| course.exercises.iter().position(|e| !done.contains(&e.id)))
        .unwrap_or(0)
}

/// What the editor starts with for an exercise: the learner's draft, else the starting files.
fn files_for(key: &str, exercise: &Exercise) -> Files {
    progress::draft(key, &exercise.id).unwrap_or_else(|| exercise.start.clone())
}

fn state_for(files: &Files, exercise: &Exercise) -> State {
    let tab = if exercise.goal.ignored.is_empty() { Tab::Findings } else { Tab::Dockerignore };
    State::new(&files.dockerfile, tab).with_dockerignore(&files.dockerignore)
}

/// The tabs an exercise offers.
const TABS: [Tab; 4] = [Tab::Findings, Tab::Fixed, Tab::Distroless, Tab::Dockerignore];

/// Where the learner is in the course: what is done, the exercise open, and what of its help
/// and of the page's panels is showing. The workbench's own state (the files being edited) is
/// the workbench's reducer.
#[derive(Clone, Debug, PartialEq)]
struct Session {
    done: Vec<String>,
    index: usize,
    /// How many of the exercise's hints are showing.
    hints: usize,
    solution: bool,
    confirm_reset: bool,
    authoring: bool,
}

enum Step {
    /// Open the exercise at this index, with its help hidden.
    Open(usize),
    Hint,
    ToggleSolution,
    /// Ask, or stop asking, whether to forget the progress.
    ConfirmReset(bool),
    /// The progress was forgotten.
    Forgotten,
    ToggleAuthoring,
    /// The exercises done, as stored.
    Done(Vec<String>),
}

impl Reducible for Session {
    type Action = Step;

    fn reduce(self: Rc<Self>, step: Step) -> Rc<Self> {
        let mut next = (*self).clone();
        match step {
            Step::Open(index) => {
                next.index = index;
                next.hints = 0;
                next.solution = false;
                next.authoring = false;
            }
            Step::Hint => next.hints += 1,
            Step::ToggleSolution => next.solution = !next.solution,
            Step::ConfirmReset(asking) => next.confirm_reset = asking,
            Step::Forgotten => {
                next.done.clear();
                next.confirm_reset = false;
            }
            Step::ToggleAuthoring => next.authoring = !next.authoring,
            Step::Done(done) => next.done = done,
        }
        Rc::new(next)
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_nav: Callback<Nav>,
}

#[function_component]
pub fn ExercisesView(props: &Props) -> Html {
    let loaded = use_memo((), |_| load());
    let key = loaded.key.clone();
    let course = loaded.course.clone();
    let session = {
        let (key, course) = (key.clone(), course.clone());
        use_reducer(move || {
            let done = progress::done(&key);
            let index = initial_index(&course, &done);
            Session { done, index, hints: 0, solution: false, confirm_reset: false, authoring: false }
        })
    };
    let exercise = course.exercises.get(session.index).cloned().unwrap_or_else(|| course.exercises[0].clone());
    let state = {
        let key = key.clone();
        let exercise = exercise.clone();
        use_reducer(move || state_for(&files_for(&key, &exercise), &exercise))
    };

    // The URL names the course and the exercise, so a reload comes back here.
    {
        let shared = loaded.shared.clone();
        use_effect_with(exercise.id.clone(), move |id| {
            match shared {
                Some(course) => browser::set_fragment(&format!("#{COURSE_KEY}={course}&exercise={id}")),
                None => browser::set_fragment(&format!("#exercises={id}")),
            };
        });
    }

    // Keep the learner's work, and check the goal as they type.
    let criteria: Rc<Vec<Criterion>> = use_memo(
        (exercise.goal.clone(), state.analyzed.clone(), state.dockerignore.clone()),
        |(goal, text, ignore)| goal::evaluate(goal, text, ignore),
    );
    let reached = goal::reached(&criteria);
    {
        let key = key.clone();
        let id = exercise.id.clone();
        let start = exercise.start.clone();
        let session = session.clone();
        use_effect_with(
            (state.analyzed.clone(), state.dockerignore.clone(), reached),
            move |(text, ignore, reached)| {
                let files = Files { dockerfile: text.to_string(), dockerignore: ignore.to_string() };
                if files == start {
                    progress::forget_draft(&key, &id);
                } else {
                    progress::save_draft(&key, &id, &files);
                }
                if *reached && !session.done.contains(&id) {
                    progress::mark_done(&key, &id);
                    session.dispatch(Step::Done(progress::done(&key)));
                }
            },
        );
    }

    // Opening an exercise loads the learner's draft of it (or its starting files) into the workbench.
    let open = {
        let (course, key, session) = (course.clone(), key.clone(), session.dispatcher());
        let workbench = state.dispatcher();
        Callback::from(move |i: usize| {
            if let Some(exercise) = course.exercises.get(i) {
                let files = files_for(&key, exercise);
                let tab = state_for(&files, exercise).tab;
                workbench.dispatch(Action::Reset { source: files.dockerfile, dockerignore: files.dockerignore });
                workbench.dispatch(Action::SetTab(tab));
                session.dispatch(Step::Open(i));
            }
        })
    };
    let on_reset = {
        let (key, course, open, session) = (key.clone(), course.clone(), open.clone(), session.clone());
        Callback::from(move |really: bool| {
            if !really {
                session.dispatch(Step::ConfirmReset(false));
                return;
            }
            let ids: Vec<String> = course.exercises.iter().map(|e| e.id.clone()).collect();
            progress::reset(&key, &ids);
            session.dispatch(Step::Forgotten);
            open.emit(session.index);
        })
    };
    let step = |step: fn() -> Step| {
        let session = session.dispatcher();
        Callback::from(move |_| session.dispatch(step()))
    };

    let main = if session.authoring {
        html! { <Author course={course.clone()} /> }
    } else {
        let total = course.exercises.len();
        let next = (session.index + 1 < total).then(|| {
            let (open, i) = (open.clone(), session.index + 1);
            Callback::from(move |_| open.emit(i))
        });
        html! {
            <ExercisePanel exercise={Rc::new(exercise.clone())} number={session.index + 1} {total} criteria={criteria.clone()}
                {reached} done={session.done.contains(&exercise.id)} hints={session.hints} solution={session.solution}
                state={state.clone()} {next} on_hint={step(|| Step::Hint)} on_solution={step(|| Step::ToggleSolution)}
                on_start_over={{
                    let dispatcher = state.dispatcher();
                    let start = exercise.start.clone();
                    Callback::from(move |_| dispatcher.dispatch(Action::Reset { source: start.dockerfile.clone(), dockerignore: start.dockerignore.clone() }))
                }} />
        }
    };

    html! {
        <div class="shell exercises-page">
            <TopBar current={Nav::Exercises} on_nav={props.on_nav.clone()}>
                <CopyCourseLink shared={loaded.shared.clone()} />
            </TopBar>
            if let Some(problem) = &loaded.problem {
                <div class="notice" role="status" data-testid="notice">{ problem.clone() }</div>
            }
            <div class="course">
                <CourseNav course={course.clone()} session={(*session).clone()} on_open={open}
                    on_ask_reset={step(|| Step::ConfirmReset(true))} {on_reset} on_toggle_author={step(|| Step::ToggleAuthoring)} />
                <section class="exercise" aria-label="Exercise">{ main }</section>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct CopyCourseLinkProps {
    /// The fragment value of a shared course; none for the default course.
    shared: Option<String>,
}

/// Copies a link to the course: the exercises travel in the link, nothing is uploaded.
#[function_component]
fn CopyCourseLink(props: &CopyCourseLinkProps) -> Html {
    let copied = use_state(|| false);
    let onclick = {
        let (copied, shared) = (copied.clone(), props.shared.clone());
        Callback::from(move |_| {
            let href = browser::href();
            let base = href.split('#').next().unwrap_or_default().to_string();
            let fragment = match &shared {
                Some(course) => format!("#{COURSE_KEY}={course}"),
                None => "#exercises".to_string(),
            };
            browser::copy(&format!("{base}{fragment}"));
            copied.set(true);
        })
    };
    html! {
        <button class="button" {onclick} data-testid="copy-course-link"
            title="Copy a link to this course: the exercises travel in the link, nothing is uploaded">
            { if *copied { "Link copied" } else { "Copy course link" } }
        </button>
    }
}

#[derive(Properties, PartialEq)]
struct CourseNavProps {
    course: Rc<Course>,
    session: Session,
    on_open: Callback<usize>,
    on_ask_reset: Callback<MouseEvent>,
    /// Whether the learner confirmed forgetting their progress.
    on_reset: Callback<bool>,
    on_toggle_author: Callback<MouseEvent>,
}

/// The course's exercises with what is done, and the course's actions.
#[function_component]
fn CourseNav(props: &CourseNavProps) -> Html {
    let (course, session) = (&props.course, &props.session);
    let list = course.exercises.iter().enumerate().map(|(i, e)| {
        let is_done = session.done.contains(&e.id);
        let current = i == session.index && !session.authoring;
        let onclick = props.on_open.reform(move |_| i);
        html! {
            <li>
                <button class={classes!("exercise-item", current.then_some("current"), is_done.then_some("done"))}
                    data-testid="exercise" data-id={e.id.clone()} data-done={is_done.to_string()}
                    aria-current={current.then_some("step")} {onclick}>
                    <span class="num" aria-hidden="true">{ if is_done { "✓".to_string() } else { (i + 1).to_string() } }</span>
                    <span class="exercise-title">{ e.title.clone() }</span>
                    if is_done { <span class="visually-hidden">{ " (done)" }</span> }
                </button>
            </li>
        }
    });
    let done_count = course.exercises.iter().filter(|e| session.done.contains(&e.id)).count();
    let total = course.exercises.len();
    html! {
        <aside class="course-nav" aria-label="Exercises">
            <h2 class="course-title">{ course.title.clone() }</h2>
            if !course.description.is_empty() {
                <p class="course-description">{ inline(&course.description) }</p>
            }
            <div class="progress" data-testid="progress">
                <progress max={total.to_string()} value={done_count.to_string()} aria-label="Exercises done"></progress>
                <span>{ format!("{done_count} of {total} done") }</span>
            </div>
            <ol class="exercise-list">{ for list }</ol>
            <div class="course-actions">
                if session.confirm_reset {
                    <span class="confirm">
                        { "Forget your progress and drafts? " }
                        <button class="button danger" data-testid="confirm-reset" onclick={props.on_reset.reform(|_| true)}>{ "Reset" }</button>
                        <button class="button" onclick={props.on_reset.reform(|_| false)}>{ "Keep" }</button>
                    </span>
                } else {
                    <button class="link" data-testid="reset-progress" onclick={props.on_ask_reset.clone()}>{ "Reset progress" }</button>
                }
                <button class="link" data-testid="author" onclick={props.on_toggle_author.clone()}>
                    { if session.authoring { "Back to the exercise" } else { "Write your own course" } }
                </button>
            </div>
            <p class="privacy">{ "Your progress stays in this browser." }</p>
        </aside>
    }
}

#[derive(Properties, PartialEq)]
struct PanelProps {
    exercise: Rc<Exercise>,
    number: usize,
    total: usize,
    criteria: Rc<Vec<Criterion>>,
    reached: bool,
    done: bool,
    hints: usize,
    solution: bool,
    state: UseReducerHandle<State>,
    next: Option<Callback<MouseEvent>>,
    on_hint: Callback<MouseEvent>,
    on_solution: Callback<MouseEvent>,
    on_start_over: Callback<MouseEvent>,
}

#[function_component]
fn ExercisePanel(props: &PanelProps) -> Html {
    let e = &props.exercise;
    let criteria = props.criteria.iter().map(|c| {
        html! {
            <li class={classes!("criterion", if c.met { "met" } else { "unmet" })} data-met={c.met.to_string()}>
                <span class="mark" aria-hidden="true">{ if c.met { "✓" } else { "○" } }</span>
                <span class="criterion-text">
                    <span class="label">{ inline(&c.label) }</span>
                    if let Some(detail) = &c.detail {
                        <span class="detail">{ inline(detail) }</span>
                    }
                </span>
            </li>
        }
    });
    let hints = e.hints.iter().take(props.hints).enumerate().map(|(i, hint)| {
        html! { <li data-testid="hint"><span class="hint-n">{ format!("Hint {}", i + 1) }</span>{ inline(hint) }</li> }
    });
    let use_solution = {
        let dispatcher = props.state.dispatcher();
        let solution = e.solution.clone();
        Callback::from(move |_| {
            dispatcher.dispatch(Action::Reset {
                source: solution.dockerfile.clone(),
                dockerignore: solution.dockerignore.clone(),
            })
        })
    };
    let more_hints = props.hints < e.hints.len();
    html! {
        <>
            <div class="brief">
                <div class="story">
                    <p class="kicker">{ format!("Exercise {} of {}", props.number, props.total) }
                        if props.done { <span class="done-badge">{ "done" }</span> }
                    </p>
                    <h2 data-testid="exercise-title">{ e.title.clone() }</h2>
                    { render(&e.story) }
                </div>
                <div class={classes!("goal", props.reached.then_some("reached"))} data-testid="goal" data-reached={props.reached.to_string()}>
                    <h3>{ "Goal" }</h3>
                    <ul class="criteria">{ for criteria }</ul>
                    if props.reached {
                        <div class="reached-box" role="status" data-testid="goal-reached">
                            <p class="reached-title">{ "Goal reached — well done." }</p>
                            if !e.why.is_empty() { <div class="why">{ render(&e.why) }</div> }
                            if let Some(next) = props.next.clone() {
                                <button class="button primary" data-testid="next-exercise" onclick={next}>{ "Next exercise →" }</button>
                            } else {
                                <p class="why">{ "That was the last exercise of the course." }</p>
                            }
                        </div>
                    }
                    <div class="help">
                        if more_hints {
                            <button class="button" data-testid="hint-button" onclick={props.on_hint.clone()}>
                                { format!("Show a hint ({} of {})", props.hints + 1, e.hints.len()) }
                            </button>
                        }
                        <button class="button" data-testid="solution-button" onclick={props.on_solution.clone()}>
                            { if props.solution { "Hide the solution" } else { "Show the model solution" } }
                        </button>
                        <button class="link" data-testid="start-over" onclick={props.on_start_over.clone()}>{ "Start over" }</button>
                    </div>
                    if props.hints > 0 {
                        <ol class="hints">{ for hints }</ol>
                    }
                    if props.solution {
                        <div class="solution" data-testid="solution">
                            <p class="hint">{ "One way to reach the goal. Compare it with yours before loading it: the point is to know why each line is there." }</p>
                            <pre class="doc-code" tabindex="0"><code>{ e.solution.dockerfile.clone() }</code></pre>
                            if !e.solution.dockerignore.is_empty() {
                                <p class="hint">{ ".dockerignore" }</p>
                                <pre class="doc-code" tabindex="0"><code>{ e.solution.dockerignore.clone() }</code></pre>
                            }
                            <button class="button" data-testid="use-solution" onclick={use_solution}>{ "Load it into the editor" }</button>
                        </div>
                    }
                </div>
            </div>
            <div class="exercise-work">
                <Workbench state={props.state.clone()} tabs={Rc::from(TABS)} />
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct AuthorProps {
    course: Rc<Course>,
}

/// The instructor's panel: write a course in TOML, see whether it reads, get its link.
#[function_component]
fn Author(props: &AuthorProps) -> Html {
    let text = {
        let course = props.course.clone();
        use_state(move || to_toml(&course))
    };
    let copied = use_state(|| false);
    let parsed = use_memo((*text).clone(), |t| parse_course(t));
    let link = (*parsed).as_ref().ok().map(|_| {
        let href = browser::href();
        let base = href.split('#').next().unwrap_or_default().to_string();
        format!("{base}#{COURSE_KEY}={}", share::encode(&text))
    });
    let on_input = {
        let (text, copied) = (text.clone(), copied.clone());
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) {
                text.set(area.value());
                copied.set(false);
            }
        })
    };
    let copy = {
        let (link, copied) = (link.clone(), copied.clone());
        Callback::from(move |_| {
            if let Some(link) = &link {
                browser::copy(link);
                copied.set(true);
            }
        })
    };
    let status = match &*parsed {
        Ok(course) => html! {
            <p class="author-ok" data-testid="author-status">
                { format!("✓ “{}”: {} exercise{}, ready to share.", course.title, course.exercises.len(), if course.exercises.len() == 1 { "" } else { "s" }) }
            </p>
        },
        Err(error) => html! { <p class="author-error" data-testid="author-status">{ format!("✗ {error}") }</p> },
    };
    html! {
        <div class="author">
            <h2>{ "Write your own course" }</h2>
            <p>
                { "A course is a TOML file: a " }<code>{ "title" }</code>{ ", and one " }<code>{ "[[exercise]]" }</code>
                { " table per exercise with its story, starting Dockerfile, goal, hints and solution. It starts as this course: change it, and share the link. The whole course travels in the link's fragment, which browsers never send to a server: there is nothing to host." }
            </p>
            { status }
            <div class="author-actions">
                <button class="button primary" onclick={copy} disabled={link.is_none()} data-testid="copy-authored-link">
                    { if *copied { "Link copied" } else { "Copy the course link" } }
                </button>
                if let Some(link) = link {
                    <a class="button" href={link} target="_blank" rel="noopener" data-testid="open-authored">{ "Try it in a new tab ↗" }</a>
                }
            </div>
            <textarea class="small-editor author-editor" spellcheck="false" aria-label="Course (TOML)" data-testid="author-input"
                value={(*text).clone()} oninput={on_input} />
        </div>
    }
}
