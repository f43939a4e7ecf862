package dev.fusioncds.knowledge;

/** A test the engine can propose, coded with LOINC where a code exists. */
public record TestDefinition(String id, String display, String loinc) {}
