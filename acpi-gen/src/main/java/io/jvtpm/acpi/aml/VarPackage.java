package io.jvtpm.acpi.aml;

import java.util.List;
import java.util.Objects;

/**
 * A package whose element count is a TermArg (ACPI 6.5 section 19.6, DefVarPackage :=
 * VarPackageOp PkgLength VarNumElements PackageElementList).
 */
public record VarPackage(TermArg numElements, List<PackageElement> elements) implements DataObject {

    public VarPackage {
        Objects.requireNonNull(numElements, "numElements");
        elements = List.copyOf(elements);
    }

    @Override
    public void encode(AmlSink out) {
        AmlPackage.encode(out, AmlOpcode.VAR_PACKAGE, numElements::encode, elements);
    }
}
