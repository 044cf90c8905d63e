#pragma once
/// A record's fields built anew (altkv, clean-whitespace -k, unspace -k),
/// where two fields may come to have one name.

#include <vector>

#include "core/record/field.hpp"

namespace weir {

/// Appends `field` to `fields`; when one of them has its name already, that
/// one takes its value, in its place: a record never holds a name twice, as
/// when Miller puts a key into a record.
inline void put_field(std::vector<Field>& fields, const Field& field) {
  for (Field& f : fields) {
    if (f.name == field.name) {
      f = field;
      return;
    }
  }
  fields.push_back(field);
}

}  // namespace weir
