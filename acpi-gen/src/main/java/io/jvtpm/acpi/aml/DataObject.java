package io.jvtpm.acpi.aml;

/**
 * A constant data object (ACPI 6.5 section 20.2.3, DataObject: ComputationalData, DefPackage,
 * DefVarPackage); a resource template is a Buffer too.
 */
public sealed interface DataObject extends TermArg, PackageElement
        permits AmlInteger, AmlString, AmlBuffer, AmlPackage, VarPackage, ResourceTemplate {
}
