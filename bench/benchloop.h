#pragma once

#include <QString>
#include <functional>

// What the benchmarks share to report and to wait: a line on stdout, flushed
// (scripts/bench reads it as it comes), and running the event loop until done.
namespace BenchLoop
{

void say(const QString& line);
// Runs this thread's event loop until `done` or the timeout; whether done.
bool waitFor(const std::function<bool()>& done, int timeoutMs);

} // namespace BenchLoop
