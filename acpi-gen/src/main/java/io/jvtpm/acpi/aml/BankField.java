package io.jvtpm.acpi.aml;

import java.util.List;
import java.util.Objects;

/**
 * {@code BankField(region, bank, bankValue, access, lock, update) { elements }} (ACPI 6.5 section
 * 19.6, DefBankField 0x5B 0x87 PkgLength NameString NameString BankValue FieldFlags FieldList).
 */
public record BankField(NameString region, NameString bank, TermArg bankValue, AccessType access, LockRule lock,
        UpdateRule update, List<FieldElement> elements) implements Aml {

    public BankField {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(bank, "bank");
        Objects.requireNonNull(bankValue, "bankValue");
        elements = FieldList.checked(access, lock, update, elements);
    }

    @Override
    public void encode(AmlSink out) {
        Aml.encodePackage(out, AmlOpcode.BANK_FIELD, body -> {
            region.encode(body);
            bank.encode(body);
            bankValue.encode(body);
            FieldList.encode(body, access, lock, update, elements);
        });
    }
}
