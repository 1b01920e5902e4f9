/** The AML of the PPI and MOR _DSM methods (TCG PPI 1.3, TCG Platform Reset Attack Mitigation 1.10). */
package io.jvtpm.ppi.aml;
