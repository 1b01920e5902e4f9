package io.jvtpm.engine.wire;

/**
 * TPMS_TAGGED_PROPERTY (TPM 2.0 Library Part 2, 10.8.2): a TPM_PT property and its value, as
 * TPM2_GetCapability(TPM_CAP_TPM_PROPERTIES) reports it in a TPML_TAGGED_TPM_PROPERTY.
 *
 * @param property the TPM_PT tag ({@link TpmPt#value()})
 * @param value    its value
 */
public record TaggedProperty(int property, int value) {

    /** True when this is {@code pt}. */
    public boolean is(TpmPt pt) {
        return property == pt.value();
    }
}
