package io.jvtpm.acpi.aml;

/**
 * An operand that evaluates to a value (ACPI 6.5 section 20.2.5, TermArg: Type2Opcode, DataObject,
 * ArgObj, LocalObj), also usable as a statement on its own.
 */
public sealed interface TermArg extends Aml
        permits SuperName, DataObject, BinaryOp, Divide, UnaryOp, LogicalOp, LNot, Store, CopyObject,
        Increment, Decrement, SizeOf, ObjectType, Acquire, MethodCall, CondRefOf, Mid, Wait, Revision, Timer,
        ToStringOp, Match {
}
