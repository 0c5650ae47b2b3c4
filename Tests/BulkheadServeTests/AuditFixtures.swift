/// Audit webhook payloads as kube-apiserver sends them (batched `EventList`).
enum AuditFixtures {
    /// Two events; odd spacing, a non-ASCII user name and escaped characters so that any
    /// re-encoding on the way to the handler would show.
    static let eventList = #"""
    {"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[
      {"level":"RequestResponse","auditID":"0f5d6a7e-1b2c-4d3e-8f90-a1b2c3d4e5f6","stage":"ResponseComplete",
       "requestURI":"/api/v1/namespaces/default/pods/web-0/exec?command=sh&stdin=true","verb":"create",
       "user":{"username":"jos\u00e9@example.com","groups":["system:authenticated"]},
       "sourceIPs":["10.0.0.7"],"userAgent":"kubectl/v1.31.0 (linux/amd64)",
       "objectRef":{"resource":"pods","namespace":"default","name":"web-0","apiVersion":"v1","subresource":"exec"},
       "responseStatus":{"metadata":{},"code":101},
       "requestReceivedTimestamp":"2026-01-02T03:04:05.000001Z","stageTimestamp":"2026-01-02T03:04:05.100002Z",
       "annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":"RBAC: allowed by ClusterRoleBinding \"ops\""}},
      {"level":"Metadata","auditID":"9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d","stage":"ResponseComplete",
       "requestURI":"/api/v1/namespaces/kube-system/secrets","verb":"list",
       "user":{"username":"système:serviceaccount:ci:deployer"},"sourceIPs":["10.0.0.8"],
       "objectRef":{"resource":"secrets","namespace":"kube-system","apiVersion":"v1"},
       "responseStatus":{"metadata":{},"code":200},
       "requestReceivedTimestamp":"2026-01-02T03:04:06.000000Z","stageTimestamp":"2026-01-02T03:04:06.010000Z"}
    ]}
    """#

    static var eventListBytes: [UInt8] { Array(eventList.utf8) }
}
