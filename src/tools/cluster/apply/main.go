// Command apply server-side applies a stream of Kubernetes objects to an API server, in the
// order given, and reports the server's verdict on each one as a JSON line. It is the client
// half of `npm run check:cluster`: the TypeScript side decides the order (Argo CD waves) and
// what is applied for real or as a dry run; this program only talks to the API server.
//
// Input (stdin), one JSON object per line:
//
//	{"id": "...", "dryRun": false, "object": {...}, "status": {...}}
//
// `status`, when present, is written to the object's status subresource after the apply (the
// check plays the controllers that are not running, e.g. the quota controller's status.hard).
// CustomResourceDefinitions are waited for until Established, so later objects can use them.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"
)

// fieldManager is the manager Argo CD's server-side apply uses.
const fieldManager = "argocd-controller"

type step struct {
	ID string `json:"id"`
	// Namespace for a namespaced object that names none (Helm templates), as Argo CD's
	// destination namespace does.
	Namespace string `json:"namespace,omitempty"`
	DryRun    bool   `json:"dryRun"`
	// Create instead of server-side apply: for the bootstrap CRDs, whose managed-fields
	// bookkeeping under apply costs seconds each and checks nothing the create does not.
	Create bool                   `json:"create,omitempty"`
	Object map[string]interface{} `json:"object"`
	Status map[string]interface{} `json:"status,omitempty"`
}

type result struct {
	ID    string `json:"id"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

type applier struct {
	client dynamic.Interface
	mapper *restmapper.DeferredDiscoveryRESTMapper
	// CRDs applied but not yet seen Established: waited for together before the next
	// object that is not a CRD, so a run of CRDs becomes established in parallel.
	pending []pendingCRD
}

type pendingCRD struct {
	res  dynamic.ResourceInterface
	name string
}

func (a *applier) waitPending(ctx context.Context) error {
	defer func() { a.pending = nil }()
	for _, p := range a.pending {
		if err := waitEstablished(ctx, p.res, p.name); err != nil {
			return fmt.Errorf("CustomResourceDefinition %s not established: %w", p.name, err)
		}
	}
	return nil
}

func (a *applier) resource(obj *unstructured.Unstructured, defaultNamespace string) (dynamic.ResourceInterface, error) {
	gvk := obj.GroupVersionKind()
	m, err := a.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if meta.IsNoMatchError(err) {
		// A CRD applied earlier in the stream: refresh discovery once.
		a.mapper.Reset()
		m, err = a.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	}
	if err != nil {
		return nil, err
	}
	if m.Scope.Name() == meta.RESTScopeNameNamespace {
		if obj.GetNamespace() == "" {
			obj.SetNamespace(defaultNamespace)
		}
		return a.client.Resource(m.Resource).Namespace(obj.GetNamespace()), nil
	}
	return a.client.Resource(m.Resource), nil
}

func (a *applier) apply(ctx context.Context, s step) error {
	obj := &unstructured.Unstructured{Object: s.Object}
	if obj.GetKind() != "CustomResourceDefinition" && len(a.pending) > 0 {
		if err := a.waitPending(ctx); err != nil {
			return err
		}
	}
	res, err := a.resource(obj, s.Namespace)
	if err != nil {
		return err
	}
	body, err := json.Marshal(obj.Object)
	if err != nil {
		return err
	}
	// Strict: an unknown or duplicate field is an error, not a warning (the default).
	opts := metav1.PatchOptions{FieldManager: fieldManager, Force: ptr(true), FieldValidation: "Strict"}
	if s.DryRun {
		opts.DryRun = []string{metav1.DryRunAll}
	}
	if s.Create {
		_, err = res.Create(ctx, obj, metav1.CreateOptions{FieldManager: fieldManager, FieldValidation: "Strict"})
	} else {
		_, err = res.Patch(ctx, obj.GetName(), types.ApplyPatchType, body, opts)
	}
	if err != nil {
		return err
	}
	if s.Status != nil && !s.DryRun {
		st := map[string]interface{}{"apiVersion": obj.GetAPIVersion(), "kind": obj.GetKind(), "metadata": map[string]interface{}{"name": obj.GetName(), "namespace": obj.GetNamespace()}, "status": s.Status}
		sb, _ := json.Marshal(st)
		if _, err := res.Patch(ctx, obj.GetName(), types.ApplyPatchType, sb, metav1.PatchOptions{FieldManager: fieldManager + "-status", Force: ptr(true)}, "status"); err != nil {
			return fmt.Errorf("status: %w", err)
		}
	}
	if obj.GetKind() == "CustomResourceDefinition" && !s.DryRun {
		a.pending = append(a.pending, pendingCRD{res, obj.GetName()})
	}
	return nil
}

func waitEstablished(ctx context.Context, res dynamic.ResourceInterface, name string) error {
	return wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, 30*time.Second, true, func(ctx context.Context) (bool, error) {
		crd, err := res.Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		conds, _, _ := unstructured.NestedSlice(crd.Object, "status", "conditions")
		for _, c := range conds {
			m, _ := c.(map[string]interface{})
			if m["type"] == "Established" && m["status"] == "True" {
				return true, nil
			}
		}
		return false, nil
	})
}

func ptr[T any](v T) *T { return &v }

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the API server")
	flag.Parse()
	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		fatal(err)
	}
	cfg.QPS, cfg.Burst = 500, 1000
	client, err := dynamic.NewForConfig(cfg)
	if err != nil {
		fatal(err)
	}
	disco, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		fatal(err)
	}
	a := &applier{client: client, mapper: restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(disco))}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 0, 1<<20), 64<<20)
	out := json.NewEncoder(os.Stdout)
	ctx := context.Background()
	for in.Scan() {
		var s step
		if err := json.Unmarshal(in.Bytes(), &s); err != nil {
			fatal(err)
		}
		r := result{ID: s.ID, OK: true}
		if err := a.apply(ctx, s); err != nil {
			r = result{ID: s.ID, Error: err.Error()}
		}
		if err := out.Encode(r); err != nil {
			fatal(err)
		}
	}
	if err := in.Err(); err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(2)
}
