package io.jvtpm.acpi.aml;

/**
 * Something that can be stored into or referred to (ACPI 6.5 section 20.2.2, SuperName:
 * SimpleName, DebugObj, ReferenceTypeOpcode).
 */
public sealed interface SuperName extends TermArg, Target
        permits NameString, ArgObj, LocalObj, DebugObj, Index, DerefOf, RefOf {
}
