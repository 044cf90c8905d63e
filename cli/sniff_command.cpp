#include "cli/sniff_command.hpp"

#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/formats/csv/sniffer.hpp"
#include "core/formats/format.hpp"
#include "core/io/source.hpp"
#include "core/io/transcode.hpp"
#include "core/record/header.hpp"

namespace weir::cli {

namespace {

using Json = nlohmann::ordered_json;

struct Sniffed {
  std::string path;
  std::string format;
  SniffResult result;
  Encoding encoding = Encoding::utf8;
  std::vector<std::string> names;  // as records will have them
  TsvEscapes tsv;                  // a tsv file: read with backslash escapes, or as CSV with tabs
};

Sniffed sniff_file(const std::string& path, const PipelineSpec& spec) {
  Sniffed out;
  out.path = input_name(path);
  out.format = std::string(input_format(spec, path).name);
  if (out.format != "csv" && out.format != "tsv") {
    throw UsageError(fmt::format("sniff: {} is read as {}; weir sniffs csv and tsv (give --from csv to sniff it as csv)",
                                 out.path, out.format));
  }
  ReadOptions options = spec.read;
  if (out.format == "tsv" && !options.delimiter) options.delimiter = '\t';
  std::unique_ptr<Source> source = detect_encoding(open_source(path), options.encoding, &out.encoding);
  if (out.format == "tsv") out.tsv = tsv_escapes(source, options);
  if (out.tsv.escapes) {
    // as the TSV reader reads it: its first line the header (or none), no
    // lines above it, no comments, no second table (set below)
    if (!options.header) options.header = true;
    if (!options.header_rows) options.header_rows = *options.header ? 1 : 0;
    options.skip_lines = 0;
    options.comment = '\0';
  }
  std::vector<std::string> first;  // an escaped TSV's first line's values
  if (out.tsv.escapes) {
    std::exception_ptr failed;
    std::string head = read_up_to(*source, 1 << 16, &failed);
    std::string_view line(head);
    if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    line = line.substr(0, line.find('\n'));
    if (line.ends_with('\r')) line.remove_suffix(1);
    for (std::size_t at = 0;;) {
      const std::size_t cut = line.find(options.delimiter, at);
      first.emplace_back(line.substr(at, cut == std::string_view::npos ? cut : cut - at));
      if (cut == std::string_view::npos) break;
      at = cut + 1;
    }
    source = replay_source(std::move(head), std::move(source), failed);
  }
  out.result = sniff_source(source, options);
  CsvLayout& layout = out.result.layout;
  if (out.tsv.escapes) {
    layout.skip_lines = 0;
    layout.table_end_line = 0;
    layout.columns = first.size();
    if (layout.header_rows > 0) out.result.names = first;
  }
  out.names = layout.header_rows > 0 ? make_header(out.result.names)->names
                                     : make_positional_header(layout.columns)->names;
  return out;
}

std::string one_char(char c) { return c ? std::string(1, c) : std::string(); }

// Pasteable as a config's "input" object.
Json input_object(const Sniffed& s) {
  const CsvDialect& d = s.result.dialect;
  const CsvLayout& layout = s.result.layout;
  Json input = Json::object();
  input["format"] = s.format;
  input["delimiter"] = one_char(d.delimiter);
  input["quote"] = s.tsv.escapes ? std::string() : one_char(d.quote);
  input["escape"] = s.tsv.escapes ? std::string("backslash") : std::string(escape_name(d.escape));
  if (d.comment) input["comment"] = one_char(d.comment);
  input["header"] = layout.header_rows > 0;
  if (layout.header_rows > 1) input["header_rows"] = layout.header_rows;
  input["skip_lines"] = layout.skip_lines;
  input["newline"] = s.result.newline;
  input["encoding"] = std::string(encoding_name(s.encoding));
  Json types = Json::object();
  for (std::size_t i = 0; i < s.names.size(); ++i) {
    CellType t = i < s.result.column_types.size() ? s.result.column_types[i] : CellType::empty;
    types[s.names[i]] = std::string(cell_type_name(t));
  }
  input["types"] = types;
  return input;
}

std::string quoted_char(char c) {
  if (c == '\t') return "tab";
  if (c == ' ') return "space";
  return fmt::format("'{}'", c);
}

std::string text_report(const Sniffed& s) {
  const CsvDialect& d = s.result.dialect;
  const CsvLayout& layout = s.result.layout;
  std::string out = fmt::format("{}: {}\n", s.path, s.format);
  out += fmt::format("  delimiter   {}{}\n", quoted_char(d.delimiter), d.space_after_delimiter ? " and a space" : "");
  if (s.tsv.escapes) {
    out += "  quote       none\n";
    out += "  escape      backslash (\\t \\n \\r \\\\, and \\N alone is null)\n";
  } else {
    out += fmt::format("  quote       {}\n", d.quote ? quoted_char(d.quote) : "none");
    out += fmt::format("  escape      {}\n", escape_name(d.escape));
  }
  if (s.tsv.note) out += fmt::format("  note        {}\n", *s.tsv.note);
  if (d.comment) out += fmt::format("  comment     {}\n", quoted_char(d.comment));
  out += fmt::format("  line ends   {}\n", s.result.newline);
  out += fmt::format("  encoding    {}\n", encoding_name(s.encoding));
  out += fmt::format("  preamble    {}\n", layout.skip_lines == 0 ? std::string("none")
                                            : fmt::format("{} line{} skipped", layout.skip_lines,
                                                          layout.skip_lines == 1 ? "" : "s"));
  out += fmt::format("  header      {}\n", layout.header_rows == 0 ? std::string("none (fields are named 1, 2, 3, ...)")
                                          : layout.header_rows == 1 ? std::string("1 row")
                                                                    : fmt::format("{} rows, merged", layout.header_rows));
  if (layout.table_end_line > 0) {
    out += fmt::format("  table       ends at line {}: a second table starts there (its rows are not read)\n",
                       layout.table_end_line);
  }
  out += fmt::format("  columns     {}\n", s.names.size());
  std::size_t wide = 0;
  for (const auto& name : s.names) wide = std::max(wide, name.size());
  for (std::size_t i = 0; i < s.names.size(); ++i) {
    CellType t = i < s.result.column_types.size() ? s.result.column_types[i] : CellType::empty;
    out += fmt::format("    {:<{}}  {}\n", s.names[i], wide, cell_type_name(t));
  }
  return out;
}

}  // namespace

const std::vector<OptionInfo>& sniff_options() {
  static const std::vector<OptionInfo> table = {
      {"", "--json", "", "print what was found as a config's input object (JSON)", OptionKind::flag},
  };
  return table;
}

ExitCode run_sniff_command(const Command& command) {
  bool json = false;
  for (const auto& [name, value] : command.check_options) json = json || name == "--json";
  std::vector<std::string> inputs = command.words.pipeline.inputs;
  if (inputs.empty()) inputs.push_back("-");
  std::string out;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    Sniffed s = sniff_file(inputs[i], command.words.pipeline);
    if (json) {
      out += input_object(s).dump() + "\n";
    } else {
      if (i) out += "\n";
      out += text_report(s);
    }
  }
  std::fputs(out.c_str(), stdout);
  return ExitCode::ok;
}

std::string sniff_help() {
  return "usage: weir sniff [--json] [OPTIONS] [FILE...]\n"
         "\n"
         "Shows the dialect and layout weir detects in each csv or tsv file (standard input\n"
         "without FILE): delimiter (, ; tab | space, or a comma and a space), quote (\" ' or\n"
         "none), escape (doubled, backslash or none), comment lines (#), line ends, encoding,\n"
         "preamble lines above the table, header rows (none: fields are named 1, 2, 3, ...;\n"
         "several: merged with a space), a second table that ends the first, and the type of\n"
         "each column. A tsv file read with backslash escapes (\\t \\n \\r \\\\; \\N null) says\n"
         "so (quote none, escape backslash), with a note where its first bytes leave that open.\n"
         "weir reads every csv and tsv input this way unless an option fixes a part (-d,\n"
         "--quote, --escape, --no-header, --comment) or --strict is given.\n"
         "\n"
         "  --json   print each file's result as one JSON line that can be pasted as a\n"
         "           config's \"input\" object, to read the file the same way every time\n"
         "\n"
         "Examples:\n"
         "  weir sniff examples/messy.csv\n"
         "  weir sniff --json examples/messy.csv\n";
}

}  // namespace weir::cli
