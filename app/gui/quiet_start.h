#pragma once

namespace noisynn {

// Keeps two harmless Qt warnings off stderr, where they would bury the workbench's own messages
// (and worry a newcomer) on every start outside a desktop session:
// - "XDG_RUNTIME_DIR not set": without a login session (root over ssh, containers, CI) Qt falls
//   back to a private folder in /tmp with a warning; the same folder is given to it here first.
// - "This plugin does not support propagateSizeHints()": said by the offscreen platform of
//   --screenshot and the tests for every window, and meaningless there.
// Call before the QApplication is made.
void quietenQtStart();

}  // namespace noisynn
