namespace Toex.Cases.Domain.Operations;

public enum ThreatCategory
{
    SexualExploitation, ChildSexualExploitation, Trafficking, ModernSlavery, CountyLines, CriminalExploitation, Other,
}

public enum Priority { Low, Medium, High, Critical }

public enum OutcomeKind { Arrest, Charge, SafeguardingReferral, VictimIdentified, IntelligenceSubmission, Disruption }

public enum OperationStatus { Tasked, Accepted, Closed }
