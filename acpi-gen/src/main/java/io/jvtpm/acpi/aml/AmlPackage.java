package io.jvtpm.acpi.aml;

import java.util.List;
import java.util.function.Consumer;

/**
 * A package of at most 255 elements (ACPI 6.5 section 19.6, DefPackage := PackageOp PkgLength
 * NumElements PackageElementList). {@code numElements} may exceed the initializers (the rest are
 * uninitialized); use {@link VarPackage} for more than 255 or a computed count.
 */
public record AmlPackage(int numElements, List<PackageElement> elements) implements DataObject {

    public AmlPackage {
        elements = List.copyOf(elements);
        if (numElements < elements.size() || numElements > 255) {
            throw new IllegalArgumentException("package of " + numElements + " elements with "
                    + elements.size() + " initializers (NumElements is 0..255, at least the initializers)");
        }
    }

    /** A package holding exactly {@code elements}. */
    public AmlPackage(List<PackageElement> elements) {
        this(elements.size(), elements);
    }

    @Override
    public void encode(AmlSink out) {
        encode(out, AmlOpcode.PACKAGE, body -> body.u8(numElements), elements);
    }

    /**
     * The frame Package and VarPackage share: {@code op}, PkgLength, the element count that
     * {@code count} writes, then the PackageElementList.
     */
    static void encode(AmlSink out, AmlOpcode op, Consumer<AmlSink> count, List<PackageElement> elements) {
        Aml.encodePackage(out, op, body -> {
            count.accept(body);
            for (PackageElement e : elements) {
                e.encode(body);
            }
        });
    }
}
