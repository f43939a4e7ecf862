package dev.fusioncds.fusion;

/** A gene as HGNC names it (the id may be unknown for genes the knowledge base has no id for). */
public record Gene(String symbol, String hgncId) {}
