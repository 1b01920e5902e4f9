/** The SMI path of the PPI _DSM (TCG PPI 1.3 via a software SMI, after EDK2's Tcg2Smm): the host's handler. */
package io.jvtpm.ppi.smi;
