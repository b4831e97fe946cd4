// The task-stream report: one self-contained HTML page (no network resources) showing a
// profile: a row per worker thread with a bar per task coloured by prefix and the transfers
// between workers (wheel to zoom, drag to pan, hover for key, duration and bytes), each
// worker's busy fraction, the bytes moved between workers, the slowest prefixes, and a summary.
//
//   dtask::diagnostics::set_profiling(true);
//   ... compute() ...
//   dtask::diagnostics::write_report(dtask::diagnostics::profile(), "report.html");
//
// `--report FILE.html` does the same for every computation of a program, written when the
// runtime shuts down.
#pragma once

#include <dtask/diagnostics/profile.hpp>
#include <string>

namespace dtask::diagnostics {

std::string report_html(const Profile& profile);
// Throws dtask::ValueError when path cannot be written.
void write_report(const Profile& profile, const std::string& path);

}  // namespace dtask::diagnostics
