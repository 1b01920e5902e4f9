/** QEMU's PPI page (0xFED45000, 0x400 bytes) and the values stored in it (TCG PPI 1.3). */
package io.jvtpm.ppi.page;
