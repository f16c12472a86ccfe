//! The signposting directory, served under `/directory/`.

fn main() {
    yew::Renderer::<village_frontend::directory::DirectoryApp>::new().render();
}
