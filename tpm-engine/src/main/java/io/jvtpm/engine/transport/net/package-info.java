/**
 * Stream connections for the TPM transports: TCP through java.net, unix-domain sockets and
 * SCM_RIGHTS descriptor passing (unix(7), cmsg(3)) through a small JNA binding of libc.
 */
package io.jvtpm.engine.transport.net;
