// Acme Notes through its generated typed helpers: creates a note, then walks
// every note page by page. The Base44 client comes from the environment (see
// the README); the registry finds the adapter on B44_PLUGIN_PATH.
//
//   acme_notes_typed "Title" "Body"
#include <b44/adapters/acme_notes.hpp>
#include <b44/errors.hpp>
#include <b44/registry.hpp>

#include <iostream>

int main(int argc, char** argv) {
  try {
    b44::Registry registry;
    (void)registry.loadSearchPath();
    b44::acme_notes::AcmeNotes notes(
        registry.service("acme_notes", b44::Client::fromEnvironment()));

    b44::acme_notes::CreateNoteRequest request;
    request.title = argc > 1 ? argv[1] : "From C++";
    request.body = argc > 2 ? argv[2] : "Typed helpers, generated from the declaration.";
    request.tags = {"typed"};
    const b44::acme_notes::Note created = notes.createNote(request);
    std::cout << "created " << created.id << ": " << created.title << '\n';

    b44::acme_notes::ListNotesRequest list;
    list.limit = 2;
    auto pager = notes.listNotes(list);
    while (pager.hasNext()) {
      for (const auto& note : pager.nextPage()) {
        std::cout << note.id << " " << note.title << " (" << note.tags.size() << " tags)\n";
      }
    }
    return 0;
  } catch (const b44::Error& error) {
    std::cerr << "error: " << error.what() << '\n';
    return 1;
  }
}
