/** Command-line front ends: the KVM launcher, the swtpm-compatible server, the ACPI dumper. */
package io.jvtpm.examples;
