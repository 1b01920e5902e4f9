/**
 * Guest physical memory: where RAM, holes, ACPI tables, the TPM event log, the kernel, the
 * initrd, the command line and the zero page go, the BIOS e820 map that tells Linux, and the
 * zero page itself (Linux x86 boot protocol, boot.rst; bootparam.h; ACPI 6.5 section 15).
 */
package io.jvtpm.examples.boot.layout;
