"""The pool's kernel process: ipykernel with every socket on IPC, so a run opens no TCP port.

ipykernel binds its channels where the connection file says (IPC files in the pool's owner-only runtime
folder), but its IOPub pipe for output of forked subprocesses always takes a random TCP port on 127.0.0.1;
here that pipe is an IPC file beside the others ($WORKBENCH_KERNEL_PIPE).
"""
from __future__ import annotations

import os
import sys

PIPE_ENV = "WORKBENCH_KERNEL_PIPE"


def _patch_iopub_pipe(address: str) -> None:
    import zmq
    from ipykernel import iostream
    from zmq.eventloop.zmqstream import ZMQStream

    def setup_pipe_in(self):
        self._pipe_uuid = os.urandom(16)
        pipe_in = self.socket.context.socket(zmq.PULL)
        pipe_in.linger = 0
        pipe_in.bind(address)
        self._pipe_in = ZMQStream(pipe_in, self.io_loop)
        self._pipe_in.on_recv(self._handle_pipe_msg)

    def setup_pipe_out(self):
        ctx = zmq.Context()  # a forked child needs its own context
        pipe_out = ctx.socket(zmq.PUSH)
        pipe_out.linger = 3000
        pipe_out.connect(address)
        return ctx, pipe_out

    iostream.IOPubThread._setup_pipe_in = setup_pipe_in
    iostream.IOPubThread._setup_pipe_out = setup_pipe_out


def main() -> None:
    if sys.path and sys.path[0] == "":
        del sys.path[0]  # as ipykernel_launcher does: the kernel's cwd is not an import root
    pipe = os.environ.get(PIPE_ENV)
    if pipe:
        _patch_iopub_pipe(f"ipc://{pipe}")
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
