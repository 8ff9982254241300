// MPI session: whether a launcher started this process, MPI start-up and shutdown, and byte messages between ranks.
#pragma once

#include <optional>
#include <string>

namespace bosim {

/// True when mpirun/mpiexec (Open MPI: OMPI_COMM_WORLD_SIZE; PMIx: PMIX_RANK; PMI-1/2: PMI_RANK)
/// or srun (SLURM_PROCID within a job step, i.e. with SLURM_STEP_ID) started this process. A plain
/// `bosim run` never initializes MPI, so it runs where no MPI daemon is reachable.
bool launched_by_mpi_launcher();

/// Message tags of the master–worker protocol (docs/distribution.md).
namespace message_tag {
inline constexpr int request = 1;        ///< worker → 0: finished records, and "give me more work"
inline constexpr int final_records = 2;  ///< worker → 0: records finished before a stop; the worker then exits
inline constexpr int work = 3;           ///< 0 → worker: a chunk of tasks
inline constexpr int stop = 4;           ///< 0 → worker: exit now with the exit code inside
inline constexpr int load_status = 5;    ///< worker → 0: "" when the study loaded, else the error
inline constexpr int command_ready = 6;  ///< worker → 0: a command truth's chunk answered (or ""), give me another
inline constexpr int command_chunk = 7;  ///< 0 → worker: the next chunk of designs to evaluate, or "" for none
}  // namespace message_tag

/// MPI for the life of the object: MPI_Init_thread with MPI_THREAD_FUNNELED (only the main thread
/// calls MPI; rank 0's compute thread never does), MPI_Finalize on destruction.
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }

  /// Ends every rank at once with `exit_code` (MPI_Abort; mpirun exits with that code).
  [[noreturn]] static void abort_all(int exit_code);

 private:
  int rank_ = 0;
  int size_ = 1;
};

struct Message {
  int source = 0;
  int tag = 0;
  std::string bytes;
};

/// Blocking send of bytes (MPI_Send of MPI_BYTE).
void send_message(int destination, int tag, const std::string& bytes);
/// A message that has arrived from `source` with `tag` (MPI_ANY_SOURCE / MPI_ANY_TAG allowed), if any:
/// MPI_Iprobe, MPI_Get_count for its size, then MPI_Recv.
std::optional<Message> try_receive(int source, int tag);
/// Waits for a message without spinning: polls try_receive, sleeping 50 µs growing to 1 ms between polls,
/// so an idle rank leaves its core to the ranks that compute.
Message receive_when_ready(int source, int tag);

/// Sends a string from rank 0 to every rank (MPI_Bcast of its length, then its bytes).
void broadcast_text(std::string& text, int rank);

}  // namespace bosim
