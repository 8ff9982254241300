#include "distribution/remote_worker.hpp"

#include <mpi.h>

#include "distribution/byte_archive.hpp"
#include "distribution/mpi_session.hpp"
#include "distribution/task.hpp"

namespace bosim {

int serve_as_worker(const LoadedStudy& loaded) {
  constexpr int master = 0;
  std::vector<RunRecord> finished;
  while (true) {
    send_message(master, message_tag::request, to_bytes(finished));
    finished.clear();
    const Message reply = receive_when_ready(master, MPI_ANY_TAG);
    if (reply.tag == message_tag::stop) return from_bytes<int>(reply.bytes);
    for (const Task& task : from_bytes<std::vector<Task>>(reply.bytes)) {
      if (auto stop = try_receive(master, message_tag::stop)) {
        send_message(master, message_tag::final_records, to_bytes(finished));
        return from_bytes<int>(stop->bytes);
      }
      finished.push_back(execute_task(loaded, task));
    }
  }
}

}  // namespace bosim
