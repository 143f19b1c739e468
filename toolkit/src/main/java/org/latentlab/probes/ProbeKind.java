package org.latentlab.probes;

/** The four probe classifiers of SPEC §M14. */
public enum ProbeKind {
    /** Multinomial logistic regression, ½‖W‖² + C·Σ cross-entropy at its exact optimum (L-BFGS, {@link SoftmaxRegression}). */
    LOGISTIC("logistic"),
    /** Linear SVM (Tribuo LibLinear, L2-regularised L2-loss, dual, C). */
    LINEAR_SVM("linear-svm"),
    /** RBF SVM (Tribuo LibSVM C-SVC, C, γ = 1/(n_features·Var(X)) as sklearn's 'scale'). */
    RBF_SVM("rbf-svm"),
    /** k nearest neighbours (Tribuo KNN, Euclidean, majority vote). */
    KNN("knn");

    private final String label;

    ProbeKind(String label) {
        this.label = label;
    }

    /** Name used in tables. */
    public String label() {
        return label;
    }
}
