// What the Google Docs declaration (googledocs.json) cannot say as data:
// the family's error shape and batchUpdate check.
#include "google_family.hpp"

#include <b44/plugin/declared_adapter.hpp>

B44_ADAPTER_HOOKS(hooks) {
  namespace family = b44::google_family;
  hooks.check("google_errors", family::checkErrors);
  hooks.build("batch_update_requests", family::checkBatchUpdate);
}
