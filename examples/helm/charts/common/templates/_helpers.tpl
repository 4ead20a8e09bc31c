{{/*
The values a service is rendered with, lowest first: this library's defaults (a subchart's values
sit under .Values.common), the chart's values, then the env file's key named like the service
(DIGIT passes the whole env file to every chart).
*/}}
{{- define "common.values" -}}
{{- $name := default .Chart.Name .Values.name -}}
{{- $overrides := index .Values $name | default dict -}}
{{- $base := .Values.common | default dict | deepCopy -}}
{{- toYaml (mustMergeOverwrite $base (deepCopy .Values) (deepCopy $overrides)) -}}
{{- end -}}

{{- define "common.name" -}}
{{- default .Chart.Name .Values.name -}}
{{- end -}}

{{- define "common.labels" -}}
app: {{ include "common.name" . }}
{{- with .Values.labels }}
{{- range $key, $value := . }}
{{ $key }}: {{ $value | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/* An image: repository:tag, with the env's registry in front of a bare repository. */}}
{{- define "common.image" -}}
{{- $image := .image -}}
{{- $tag := required (printf "Tag is mandatory for %s: give the image with a tag, or set image.tag in the chart" $image.repository) $image.tag -}}
{{- if contains "/" $image.repository -}}
{{- printf "%s:%s" $image.repository $tag -}}
{{- else -}}
{{- printf "%s/%s:%s" .registry $image.repository $tag -}}
{{- end -}}
{{- end -}}
