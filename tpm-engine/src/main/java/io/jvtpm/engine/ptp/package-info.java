/**
 * The PC Client Platform TPM Profile (PTP) pieces that a TPM interface device (TIS FIFO, CRB)
 * builds its registers on: the command runner, the locality arbiter, the interrupt registers and
 * line, the tpmEstablishment flag, and the type every interface device implements. Register
 * encodings stay in each device.
 */
package io.jvtpm.engine.ptp;
