/**
 * The AML encoder (ACPI 6.5 chapter 20, "ACPI Machine Language Specification"; operator semantics
 * in chapter 19).
 *
 * <p>Every AML construct is an immutable record behind the sealed interface {@link
 * io.jvtpm.acpi.aml.Aml} (terms) with the sub-interfaces {@link io.jvtpm.acpi.aml.TermArg} (values),
 * {@link io.jvtpm.acpi.aml.SuperName} (store targets and references), {@link
 * io.jvtpm.acpi.aml.DataObject} (constants) and {@link io.jvtpm.acpi.aml.Target}; each encodes itself
 * into an {@link io.jvtpm.acpi.aml.AmlSink}. {@link io.jvtpm.acpi.aml.Asl} holds ASL-named factories
 * to static-import; {@link io.jvtpm.acpi.aml.Asl#encode} gives the bytes of a term list (a DSDT or
 * SSDT body, see {@code io.jvtpm.acpi.table.AmlTable}).
 *
 * <p>Encodings follow what iasl emits for the same ASL wherever iasl is canonical: integers in the
 * shortest form (ZeroOp, OneOp, OnesOp, Byte/Word/DWord/QWordPrefix), PkgLength in the fewest
 * bytes, Buffer sizes as integers, ToUUID as a 16-byte buffer, LNotEqual/LGreaterEqual/LLessEqual
 * as LNot of LEqual/LLess/LGreater, resource templates ending with an End Tag whose checksum byte
 * is 0. Names are checked when built; a bad name or out-of-range value throws
 * IllegalArgumentException naming it.
 *
 * <p>Example, a TPM device:
 * <pre>{@code
 * import static io.jvtpm.acpi.aml.Asl.*;
 *
 * Device tpm = device("TPM",
 *     name("_HID", string("MSFT0101")),
 *     name("_STA", integer(0x0F)),
 *     name("_CRS", resourceTemplate(new Memory32Fixed(true, 0xFED40000L, 0x5000))));
 * Device withPpi = tpm.with(operationRegion("TPP2", RegionSpace.SYSTEM_MEMORY, 0xFED45100L, 0x5A), ...);
 * byte[] body = Asl.encode(scope("\\_SB", withPpi));
 * }</pre>
 */
package io.jvtpm.acpi.aml;
