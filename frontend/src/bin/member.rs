//! A local group's member space, served under `/member/{token}`.

fn main() {
    yew::Renderer::<village_frontend::member::MemberApp>::new().render();
}
