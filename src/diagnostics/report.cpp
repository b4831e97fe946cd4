#include <dtask/core/error.hpp>
#include <dtask/diagnostics/report.hpp>
#include <fstream>

#include "report_memory_chart.hpp"
#include "report_page.hpp"

namespace dtask::diagnostics {

std::string report_html(const Profile& profile) {
  // Inside <script>, "</" could end the element early (a key may hold any text).
  std::string data = profile.json();
  for (std::size_t at = data.find("</"); at != std::string::npos; at = data.find("</", at + 3))
    data.replace(at, 2, "<\\/");
  std::string page;
  page.reserve(report_page_head.size() + data.size() + report_page_tail.size() +
               report_memory_chart.size() + report_page_end.size());
  page.append(report_page_head).append(data).append(report_page_tail);
  page.append(report_memory_chart).append(report_page_end);
  return page;
}

void write_report(const Profile& profile, const std::string& path) {
  std::ofstream file(path);
  if (!file) DTASK_THROW(ValueError, "cannot open '" + path + "' for writing the report");
  file << report_html(profile);
  if (!file.flush()) DTASK_THROW(ValueError, "cannot write '" + path + "'");
}

}  // namespace dtask::diagnostics
