/**
 * swtpm's socket protocol (swtpm's tpm_ioctl.h, ctrlchannel and mainloop; QEMU's
 * backends/tpm/tpm_emulator.c as the client): the control channel's CMD_* messages and the data
 * channel of raw TPM 2.0 commands, as a server in front of a {@link io.jvtpm.engine.ManagedTpm}.
 */
package io.jvtpm.engine.transport.ptm;
