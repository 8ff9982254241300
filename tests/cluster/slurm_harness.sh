# Slurm harness for tests: a private single-node Slurm (munged, slurmctld, slurmd) in a temporary folder.
# Source it, call slurm_start FOLDER, and slurm_stop (also from an EXIT trap): it ends exactly the
# daemons it started, by pid. Needs root (SlurmUser=root) and Debian's slurm-wlm and munge.

slurm_daemon_pids=()

# A TCP port nobody listens on, from a range clear of ephemeral ports.
slurm_free_port() {
  local port
  for ((port = $1; port < $1 + 200; ++port)); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  return 1
}

# Starts the daemons with a configuration written to $1 and exports SLURM_CONF for the clients.
slurm_start() {
  local folder=$1 host cpus ctld_port slurmd_port
  host=$(hostname -s)
  cpus=$(nproc)
  ctld_port=$(slurm_free_port 26817)
  slurmd_port=$(slurm_free_port $((ctld_port + 1)))
  mkdir -p "$folder"/{munge,state,spool,log}
  chmod 700 "$folder/munge"
  # A fresh random key: the daemons and clients of this test trust each other and nothing else.
  head -c 1024 /dev/urandom >"$folder/munge/munge.key"
  chmod 400 "$folder/munge/munge.key"
  munged --foreground --force --socket="$folder/munge/munge.socket" --key-file="$folder/munge/munge.key" \
    --pid-file="$folder/munge/munged.pid" --log-file="$folder/log/munged.log" \
    --seed-file="$folder/munge/munged.seed" &
  slurm_daemon_pids+=($!)

  cat >"$folder/slurm.conf" <<CONF
ClusterName=bosimtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
# cred_expire: a requeued job waits this long before it starts again (default 120 s).
AuthInfo=socket=$folder/munge/munge.socket,cred_expire=10
CredType=cred/munge
StateSaveLocation=$folder/state
SlurmdSpoolDir=$folder/spool
SlurmctldPidFile=$folder/slurmctld.pid
SlurmdPidFile=$folder/slurmd.pid
SlurmctldLogFile=$folder/log/slurmctld.log
SlurmdLogFile=$folder/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
ReturnToService=2
JobRequeue=1
KillWait=10
MinJobAge=600
InactiveLimit=0
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
  export SLURM_CONF="$folder/slurm.conf"
  # Wait for munged's socket before the Slurm daemons ask it for credentials.
  local tries
  for ((tries = 0; tries < 100; ++tries)); do [[ -S $folder/munge/munge.socket ]] && break; sleep 0.1; done
  slurmctld -D -i -f "$SLURM_CONF" &>"$folder/log/slurmctld.out" &
  slurm_daemon_pids+=($!)
  slurmd -D -f "$SLURM_CONF" &>"$folder/log/slurmd.out" &
  slurm_daemon_pids+=($!)
  # Ready when the node is idle.
  for ((tries = 0; tries < 300; ++tries)); do
    if sinfo -h -N -o '%T' 2>/dev/null | grep -qx idle; then return 0; fi
    sleep 0.2
  done
  echo "slurm harness: the node did not become idle; logs in $folder/log" >&2
  return 1
}

# Ends the daemons this harness started (by pid), slurmd and slurmctld first, then munged.
slurm_stop() {
  local index pid
  for ((index = ${#slurm_daemon_pids[@]} - 1; index >= 0; --index)); do
    pid=${slurm_daemon_pids[index]}
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in {1..50}; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  slurm_daemon_pids=()
}
