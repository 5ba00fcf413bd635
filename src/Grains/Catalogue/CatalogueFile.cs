namespace RuleOfLaw.Grains.Catalogue;

/// <summary>The text of one catalogue file and the name errors should report for it.</summary>
public sealed record CatalogueFile(string FileName, string Text);
