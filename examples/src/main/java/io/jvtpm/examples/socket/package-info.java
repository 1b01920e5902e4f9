/**
 * {@code jvtpm socket}: the engine behind swtpm's socket protocol or the TCG simulator's mssim
 * protocol, with swtpm's command-line options.
 */
package io.jvtpm.examples.socket;
