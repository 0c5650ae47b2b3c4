/// hostPath volumes expose the node's filesystem to the pod; baseline forbids them. Replaced at
/// the restricted level by `restrictedVolumes`, which forbids them too.
extension PSSCheck {
    static let hostPathVolumesID = "hostPathVolumes"

    static let hostPathVolumes = PSSCheck(id: hostPathVolumesID, level: .baseline, versions: [
        PSSCheckVersion(1, 0) { pod in
            var names: [String] = []
            var fields: [PSSField] = []
            for volume in pod.spec.child("volumes").items {
                let hostPath = volume.child("hostPath")
                if hostPath.isSet {
                    names.append(volume.child("name").text)
                    fields.append(hostPath.field)
                }
            }
            guard !names.isEmpty else { return .allowed }
            return .denied("hostPath volumes", "\(PSSText.plural("volume", "volumes", names.count)) \(PSSText.quoted(names))", fields)
        },
    ])
}
