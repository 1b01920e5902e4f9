/**
 * The command-line front ends of the launcher library ({@code jvtpm boot}, {@code jvtpm
 * kernel-cache}): picocli options that parse into {@link io.jvtpm.examples.boot.MachineOptions}
 * and call {@link io.jvtpm.examples.boot.LinuxMachine}.
 */
package io.jvtpm.examples.cli;
