/** Physical Presence Interface (TCG PPI 1.3): the page, its ACPI methods and the host executor. */
package io.jvtpm.ppi;
