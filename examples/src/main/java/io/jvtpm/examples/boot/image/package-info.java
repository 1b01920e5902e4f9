/** The bzImage file and its real-mode setup header (Linux x86 boot protocol, boot.rst). */
package io.jvtpm.examples.boot.image;
