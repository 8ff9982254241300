// Byte archives: values to and from Boost.Serialization binary archives, the wire and journal form of tasks and
// records.
#pragma once

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <sstream>
#include <string>

namespace bosim {

/// Serializes a value (anything with serialize(), e.g. std::vector<RunRecord>) to bytes. The archive
/// header is left out: both ends are the same bosim binary, and the journal carries its own version.
template <class T>
std::string to_bytes(const T& value) {
  std::ostringstream stream(std::ios::binary);
  {
    boost::archive::binary_oarchive archive(stream, boost::archive::no_header);
    archive << value;
  }
  return std::move(stream).str();
}

/// Inverse of to_bytes; throws boost::archive::archive_exception on malformed bytes.
template <class T>
T from_bytes(const std::string& bytes) {
  std::istringstream stream(bytes, std::ios::binary);
  boost::archive::binary_iarchive archive(stream, boost::archive::no_header);
  T value;
  archive >> value;
  return value;
}

}  // namespace bosim
