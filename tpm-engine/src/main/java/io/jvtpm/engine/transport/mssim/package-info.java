/**
 * The TCG reference simulator's socket protocol (TpmTcpProtocol.h, TcpServer), TPM and platform
 * sockets, as tpm2-tss's mssim TCTI speaks it, served in front of a {@link io.jvtpm.engine.ManagedTpm}.
 */
package io.jvtpm.engine.transport.mssim;
