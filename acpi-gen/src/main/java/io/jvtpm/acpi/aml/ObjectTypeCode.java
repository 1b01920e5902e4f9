package io.jvtpm.acpi.aml;

/** Object type codes, as ObjectType returns them and External declares them (ACPI 6.5 section 19.6, ObjectType). */
public enum ObjectTypeCode {
    UNKNOWN(0), INTEGER(1), STRING(2), BUFFER(3), PACKAGE(4), FIELD_UNIT(5), DEVICE(6), EVENT(7),
    METHOD(8), MUTEX(9), OPERATION_REGION(10), POWER_RESOURCE(11), PROCESSOR(12), THERMAL_ZONE(13),
    BUFFER_FIELD(14), DEBUG_OBJECT(16);

    /** The type code. */
    public final int code;

    ObjectTypeCode(int code) {
        this.code = code;
    }
}
