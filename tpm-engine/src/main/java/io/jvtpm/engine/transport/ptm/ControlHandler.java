package io.jvtpm.engine.transport.ptm;

/** The server's action for one swtpm control message (swtpm's tpm_ioctl.h, CMD_*): the bytes it answers. */
@FunctionalInterface
interface ControlHandler {
    byte[] handle(ControlChannel.Message m);
}
