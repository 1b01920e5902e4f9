package io.jvtpm.acpi.aml;

/**
 * One AML term (ACPI 6.5 section 20.2.5, TermObj): an immutable value that encodes itself into an
 * {@link AmlSink}. Named objects ({@link Device}, {@link Method}, {@link Name}, ...), statements
 * ({@link If}, {@link While}, {@link Return}, ...) and every {@link TermArg} are terms; lists of
 * terms make the bodies of {@link Scope}, {@link Device}, {@link Method}, {@link If} and
 * {@link While}, and of a DSDT or SSDT.
 *
 * <p>Build nodes with the ASL-named factories in {@link Asl} (static-import them), for example
 * {@code method("_STA", 0, false, ret(integer(0x0F)))}.
 */
public sealed interface Aml
        permits TermArg, Name, Scope, Device, Method, OperationRegion, Field, IndexField, Mutex,
        CreateBufferField, CreateField, External, If, While, Break, Continue, Return, Notify,
        Release, Noop, Sleep, Stall, RawAml, Alias, Event, Signal, ResetEvent, Fatal, BreakPoint,
        PowerResource, ThermalZone, BankField {

    /** Appends this term's AML encoding to {@code out}. */
    void encode(AmlSink out);

    /** This term's AML encoding. */
    default byte[] toBytes() {
        AmlSink out = new AmlSink();
        encode(out);
        return out.toByteArray();
    }

    /** Encodes {@code terms} one after the other (a TermList). */
    static void encodeAll(AmlSink out, Iterable<? extends Aml> terms) {
        for (Aml t : terms) {
            t.encode(out);
        }
    }

    /**
     * Writes {@code op}, then a PkgLength covering what {@code body} writes, then that body:
     * the frame of Scope, Device, Method, If, Else, While, Buffer, Package and Field.
     */
    static void encodePackage(AmlSink out, AmlOpcode op, java.util.function.Consumer<AmlSink> body) {
        AmlSink inner = new AmlSink();
        body.accept(inner);
        op.encode(out);
        PkgLength.writePackage(out, inner.size());
        out.append(inner);
    }
}
