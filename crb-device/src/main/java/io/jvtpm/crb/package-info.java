/**
 * The TPM Command Response Buffer interface of the TCG PC Client Platform TPM Profile for TPM 2.0
 * (section 6.5.3), for any VMM.
 *
 * <pre>{@code
 * CrbDevice crb = new CrbDevice(backend, CrbOptions.defaults().withInterrupt(irqLine::set));
 * backend.init();                                   // _TPM_Init: the VMM's, after the device exists
 * crb.reset();                                      // at power-on and every platform reset
 * mmioBus.map(CrbDevice.BASE_ADDRESS, CrbDevice.SIZE, crb::read, crb::write);
 * dsdt.add(CrbAcpi.device(CrbDevice.BASE_ADDRESS, ppiTerms));
 * tpm2 table: start method CrbAcpi.START_METHOD_CRB, control area CrbAcpi.controlAreaAddress(base)
 * }</pre>
 *
 * {@link io.jvtpm.crb.CrbDevice} is the VMM's face; inside, {@code CrbWindow} decodes the register
 * window and {@code CrbControl} is the command and locality state machine. Subpackages:
 * {@code regs} the register map and bit fields, {@code buffer} the command/response buffer,
 * {@code acpi} the ACPI description. Locality arbitration, the interrupt registers, the
 * tpmEstablishment flag and the command runner are the PTP core's ({@code io.jvtpm.engine.ptp}),
 * shared with the TIS device.
 */
package io.jvtpm.crb;
