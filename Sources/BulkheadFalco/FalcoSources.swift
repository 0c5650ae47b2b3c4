/// The event sources Bulkhead's engine knows.
public enum FalcoSources {
    public static var all: [any FalcoFieldSource] { [SyscallFields(), K8sAuditFields()] }
}
