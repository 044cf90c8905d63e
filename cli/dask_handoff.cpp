#include "cli/dask_handoff.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/io/sink.hpp"

namespace weir::cli {

bool wants_dask(const std::vector<std::string>& args) {
  for (const auto& arg : args) {
    if (arg == "--") break;
    if (arg == "--dask" || arg.rfind("--dask=", 0) == 0) return true;
  }
  return false;
}

void hand_off_to_dask(const std::vector<std::string>& args) {
#ifndef WEIR_PYTHON_EXECUTABLE
  (void)args;
  throw UsageError("--dask: this weir was built without Python (WEIR_WITH_PYTHON=OFF)");
#else
  std::string python = WEIR_PYTHON_EXECUTABLE;
  if (const char* env = std::getenv("WEIR_PYTHON"); env && *env) python = env;
  // In a build folder the package is built beside the weir binary (python/weir)
  namespace fs = std::filesystem;
  std::error_code error;
  fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    // weir check --dask runs this weir on the workers
    ::setenv("WEIR_EXECUTABLE", self.c_str(), 1);
    fs::path package = self.parent_path() / "python";
    if (fs::exists(package / "weir" / "dask.py", error)) {
      std::string path = package.string();
      if (const char* old = std::getenv("PYTHONPATH"); old && *old) path.append(":").append(old);
      ::setenv("PYTHONPATH", path.c_str(), 1);
    }
  }
  std::vector<std::string> words = {python, "-m", "weir.dask"};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  ::execv(python.c_str(), argv.data());
  throw SetupError(fmt::format("--dask: cannot start Python ({}): {}", python, std::strerror(errno)));
#endif
}

namespace {

std::string dask_check_mode() {
  const char* mode = std::getenv("WEIR_DASK_CHECK");
  return mode ? mode : "";
}

std::vector<std::string> files_checked(const check::CheckSpec& spec) {
  return check::expand_inputs(spec.pipeline.inputs.empty() ? std::vector<std::string>{"-"} : spec.pipeline.inputs,
                              spec.include, spec.exclude);
}

/// On a worker, standard input is the client's copy of it ($WEIR_DASK_STDIN,
/// a file in the folder the workers share): it becomes this process's fd 0,
/// so the check reads it as "-" and names it "(stdin)" as on one machine.
void read_stdin_from_copy() {
  const char* copy = std::getenv("WEIR_DASK_STDIN");
  if (!copy || !*copy) return;
  int fd = ::open(copy, O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw SetupError(fmt::format("{}: cannot open the copy of standard input: {}", copy, std::strerror(errno)));
  int moved = ::dup2(fd, STDIN_FILENO);
  int reason = errno;
  ::close(fd);
  if (moved < 0) throw SetupError(fmt::format("{}: cannot read it as standard input: {}", copy, std::strerror(reason)));
}

}  // namespace

std::optional<ExitCode> dask_check_step(check::CheckSpec& spec) {
  std::string mode = dask_check_mode();
  if (mode == "files") {
    for (const auto& file : files_checked(spec)) std::fputs((file + "\n").c_str(), stdout);
    return ExitCode::ok;
  }
  if (mode.rfind("part:", 0) != 0) return std::nullopt;
  std::vector<std::string> files = files_checked(spec);
  std::size_t n = std::stoul(mode.substr(5));
  if (n >= files.size()) throw UsageError(fmt::format("WEIR_DASK_CHECK={}: the check reads {} files", mode, files.size()));
  if (files[n] == "-") read_stdin_from_copy();
  spec.pipeline.inputs = {files[n]};
  spec.include.clear();
  spec.exclude.clear();
  spec.write_baseline.reset();
  std::unique_ptr<Sink> sink = stdout_sink();
  std::unique_ptr<check::Reporter> json = check::make_reporter("json", *sink, {});
  check::CheckResult result = check::run_check(spec, {json.get()});
  sink->commit();
  for (const auto& note : result.summary.notes) std::fputs(fmt::format("weir check: note: {}\n", note).c_str(), stderr);
  return ExitCode::ok;
}

std::optional<check::CheckResult> dask_check_merge(const check::CheckSpec& spec,
                                                   const std::vector<check::Reporter*>& reporters) {
  std::string mode = dask_check_mode();
  if (mode.rfind("merge:", 0) != 0) return std::nullopt;
  std::filesystem::path dir = mode.substr(6);
  std::vector<std::string> files = files_checked(spec);
  std::vector<std::string> reports;
  for (std::size_t i = 0; i < files.size(); ++i) reports.push_back((dir / fmt::format("part-{:05d}.json", i)).string());
  std::vector<std::string> notes;
  std::ifstream in(dir / "notes");
  for (std::string line; std::getline(in, line);) notes.push_back(line);
  return check::replay_check(spec, files, reports, notes, reporters);
}

}  // namespace weir::cli
