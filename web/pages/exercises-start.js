// Starts the exercises page: its module runs the app when initialised.
import init from "./shipshape_exercises.js";

init({ module_or_path: new URL("shipshape_exercises_bg.wasm", import.meta.url) });
