#pragma once
/// A Python hook named in a config: "path/to/file.py:function", the path
/// relative to the config file's folder.

#include <optional>
#include <string>
#include <string_view>

namespace weir::config {

struct HookRef {
  std::string written;   ///< as the config has it: "hooks/enrich.py:add_api"
  std::string file;      ///< the file part as written: "hooks/enrich.py"
  std::string function;  ///< "add_api"
};

/// Splits "file.py:function" at its last colon; nullopt unless the file part
/// ends with ".py" and the function is a Python identifier.
std::optional<HookRef> parse_hook_ref(std::string_view text);

/// `file` made absolute against `base_dir` (an absolute folder), normalised.
std::string absolute_in(const std::string& base_dir, const std::string& file);

/// "file.py:function" with the file made absolute against `base_dir`: the
/// argument the hook stage gets.
std::string absolute_hook_arg(const std::string& base_dir, const HookRef& ref);

}  // namespace weir::config
